import type { Frame, Locator } from 'playwright-core';

/**
 * What a suite asks the runner to do in the crawler form, as a user does: real mouse clicks on
 * the form's buttons and on the options of its pickers, typing into them. Pickers are found by
 * their id and driven by ARIA roles only (a combobox, its options), so the same steps drive any
 * picker implementation and a read reports what the user sees in the page.
 */
export type FormStep =
  /** Clicks an element (a CSS selector in the form's document) with the mouse. */
  | { click: string }
  /** Opens the picker's list and clicks each named option in turn (a chosen one unpicks). */
  | { pick: { picker: string; names: string[] } }
  /** Clicks the picker's input and types the text, without Enter (filters the list). */
  | { filter: { picker: string; text: string } }
  /** Clicks the picker's input, types a name and presses Enter (a name the list does not have). */
  | { type: { picker: string; text: string } }
  /** Clicks the "Remove <name>" button of a chosen name. */
  | { remove: { picker: string; name: string } }
  /** Records what the picker shows: the names ticked in its list, its chips, its input's text. */
  | { read: string };

export interface PickerView {
  /** The options the list shows as selected, in list order. */
  ticked: string[];
  /** The chosen names shown next to the input (chips), in their order; [] if none are shown. */
  chips: string[];
  /** The text of the picker's input. */
  input: string;
}

export interface FormStepsResult {
  views: Record<string, PickerView>;
}

const TIMEOUT_MS = 15_000;

function picker(frame: Frame, id: string): Locator {
  return frame.locator(`[id="${id}"]`);
}

/** The heading of the form: clicking it is a click outside every picker, which closes its list. */
async function clickOutside(frame: Frame): Promise<void> {
  await frame.locator('h1').first().click({ timeout: TIMEOUT_MS });
}

async function openList(frame: Frame, id: string): Promise<Locator> {
  const root = picker(frame, id);
  const listbox = root.getByRole('listbox');
  if (!(await listbox.isVisible())) await root.getByRole('combobox').click({ timeout: TIMEOUT_MS });
  await listbox.waitFor({ state: 'visible', timeout: TIMEOUT_MS });
  return listbox;
}

async function read(frame: Frame, id: string): Promise<PickerView> {
  const root = picker(frame, id);
  await root.waitFor({ timeout: TIMEOUT_MS });
  const input = await root.getByRole('combobox').inputValue({ timeout: TIMEOUT_MS });
  const chips = (await root.locator('.picker-chip-name').allInnerTexts()).map((t) => t.trim());
  const listbox = await openList(frame, id);
  const ticked: string[] = [];
  for (const option of await listbox.getByRole('option', { selected: true }).all()) {
    const name = (await option.getAttribute('data-name')) ?? (await option.innerText()).replace(/^[✓\s]*/, '').trim();
    ticked.push(name);
  }
  await clickOutside(frame);
  return { ticked, chips, input };
}

export async function runFormSteps(frame: Frame, steps: readonly FormStep[]): Promise<FormStepsResult> {
  const views: Record<string, PickerView> = {};
  for (const step of steps) {
    if ('click' in step) {
      await frame.locator(step.click).first().click({ timeout: TIMEOUT_MS });
    } else if ('pick' in step) {
      const listbox = await openList(frame, step.pick.picker);
      for (const name of step.pick.names) {
        // The list may close after a single choice: open it again for the next name.
        const list = (await listbox.isVisible()) ? listbox : await openList(frame, step.pick.picker);
        await list.getByRole('option', { name, exact: true }).click({ timeout: TIMEOUT_MS });
      }
      await clickOutside(frame);
    } else if ('filter' in step || 'type' in step) {
      const { picker: id, text } = 'filter' in step ? step.filter : step.type;
      const input = picker(frame, id).getByRole('combobox');
      await input.click({ timeout: TIMEOUT_MS });
      await input.press('ControlOrMeta+a');
      await input.pressSequentially(text);
      if ('type' in step) {
        await input.press('Enter');
        await clickOutside(frame);
      }
    } else if ('remove' in step) {
      await picker(frame, step.remove.picker).getByRole('button', { name: `Remove ${step.remove.name}`, exact: true }).click({ timeout: TIMEOUT_MS });
    } else {
      views[step.read] = await read(frame, step.read);
    }
  }
  return { views };
}

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * What package.json promises VS Code and the Marketplace: menus of file commands only on real
 * files, a welcome page that is true for an installed extension, and the license it names.
 */
const REPO = path.resolve(__dirname, '..', '..', '..', '..');

interface MenuEntry {
  command: string;
  when?: string;
}
interface Manifest {
  license: string;
  scripts: Record<string, string>;
  contributes: {
    menus: Record<string, MenuEntry[]>;
    viewsWelcome: { view: string; when: string; contents: string }[];
    commands: { command: string; enablement?: string }[];
    views: Record<string, { id: string; when?: string }[]>;
  };
}

const manifest = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')) as Manifest;

/** The regex a `resourceScheme =~ /.../` clause matches schemes with. */
function schemePattern(when: string): RegExp | undefined {
  const match = /resourceScheme =~ \/(.+?)\/(?:\s|$)/.exec(when);
  return match ? new RegExp(match[1]) : undefined;
}

describe('package.json', () => {
  describe('menus of configuration-file commands', () => {
    const fileMenus = ['editor/title', 'editor/context', 'explorer/context'].flatMap((menu) =>
      (manifest.contributes.menus[menu] ?? []).filter((e) => e.when?.includes('resourceFilename')).map((e) => ({ menu, ...e })),
    );

    it('are offered on files (local, or on the remote host of a remote window) and not on git: or other virtual documents', () => {
      assert.ok(fileMenus.length >= 8, `only ${fileMenus.length} file menu entries found`);
      for (const entry of fileMenus) {
        const pattern = schemePattern(entry.when ?? '');
        assert.ok(pattern, `${entry.menu} ${entry.command} does not limit the resource scheme: ${entry.when}`);
        for (const scheme of ['file', 'vscode-remote']) assert.ok(pattern.test(scheme), `${entry.menu} ${entry.command} is hidden on ${scheme} files`);
        for (const scheme of ['git', 'atlan-drift', 'atlan-preview', 'untitled-diff', 'vscode-userdata']) {
          assert.equal(pattern.test(scheme), false, `${entry.menu} ${entry.command} shows on ${scheme} documents`);
        }
      }
    });

    it('stay off diff editors, whose sides are views of a file', () => {
      for (const entry of fileMenus.filter((e) => e.menu.startsWith('editor/'))) {
        assert.match(entry.when ?? '', /(^|&& )!isInDiffEditor( &&|$)/, `${entry.menu} ${entry.command} shows in diff editors`);
      }
    });
  });

  it('welcomes a signed-out user with what is true of an installed extension: the sandbox comes with the repository, not the .vsix', () => {
    const signedOut = manifest.contributes.viewsWelcome.find((w) => w.when.includes('signedOut'));
    assert.ok(signedOut);
    assert.doesNotMatch(signedOut.contents, /bundled|runs on this machine/);
    assert.match(signedOut.contents, /npm start/);
    assert.match(signedOut.contents, /repository/);
  });

  it('ships the MIT license it names, and packaging checks for it', () => {
    assert.equal(manifest.license, 'MIT');
    const license = fs.readFileSync(path.join(REPO, 'LICENSE'), 'utf8');
    assert.match(license, /^MIT License\n\nCopyright \(c\) \d{4} Atlan Postgres Workflows contributors\n/);
    assert.doesNotMatch(manifest.scripts.package, /--skip-license/);
    const ignore = fs.readFileSync(path.join(REPO, '.vscodeignore'), 'utf8').split('\n');
    assert.ok(ignore.includes('!LICENSE'), '.vscodeignore leaves the LICENSE out of the .vsix');
  });

  it('offers Plan This Folder on Explorer folders on disk only, and Apply Plan only in the Plan view of a trusted workspace', () => {
    const { menus } = manifest.contributes;
    const entries = (command: string): { menu: string; when?: string }[] =>
      Object.entries(menus).flatMap(([menu, list]) => list.filter((e) => e.command === command).map((e) => ({ menu, when: e.when })));
    assert.deepEqual(entries('atlan.planFolder'), [
      { menu: 'commandPalette', when: 'false' },
      { menu: 'explorer/context', when: 'explorerResourceIsFolder && resourceScheme == file' },
    ]);
    const apply = entries('atlan.applyPlan');
    assert.deepEqual(apply.map((e) => e.menu).sort(), ['commandPalette', 'view/title']);
    for (const entry of apply) assert.match(entry.when ?? '', /(^|&& )isWorkspaceTrusted( &&|$)/, `${entry.menu}: ${entry.when}`);
    assert.match(apply.find((e) => e.menu === 'view/title')?.when ?? '', /^view == atlan\.plan &&/);
    assert.equal(manifest.contributes.commands.find((c) => c.command === 'atlan.applyPlan')?.enablement, 'isWorkspaceTrusted');
  });

  it('reads every context key the extension sets in some when clause (src/features/whenContext.ts)', () => {
    const declared = [...fs.readFileSync(path.join(REPO, 'src', 'features', 'whenContext.ts'), 'utf8').matchAll(/^\s*'(atlan\.[A-Za-z]+)':/gm)].map((m) => m[1]);
    assert.ok(declared.length >= 3, `only ${declared.length} context keys found in whenContext.ts`);
    const { menus, viewsWelcome, commands, views } = manifest.contributes;
    const clauses = [
      ...Object.values(menus).flat().map((e) => e.when),
      ...viewsWelcome.map((w) => w.when),
      ...commands.map((c) => c.enablement),
      ...Object.values(views).flat().map((v) => v.when),
    ].filter((w): w is string => w !== undefined);
    const read = (key: string): boolean => clauses.some((w) => new RegExp(`(^|[^\\w.])${key.replace('.', '\\.')}($|[^\\w.])`).test(w));
    assert.deepEqual(declared.filter((key) => !read(key)), [], 'context keys set but read in no when clause');
  });

  it('packages nothing through a .vscodeignore rule for a path that does not exist (dist/ is built)', () => {
    const includes = fs
      .readFileSync(path.join(REPO, '.vscodeignore'), 'utf8')
      .split('\n')
      .filter((l) => l.startsWith('!'))
      .map((l) => l.slice(1));
    assert.ok(includes.length >= 5, `only ${includes.length} include rules`);
    const sources = includes.filter((rule) => !rule.startsWith('dist/'));
    // The part of each rule before its first glob character must name something in the repository.
    const missing = sources.filter((rule) => !fs.existsSync(path.join(REPO, rule.split(/[*?[{]/)[0])));
    assert.deepEqual(missing, [], '.vscodeignore rules for paths that do not exist');
  });
});

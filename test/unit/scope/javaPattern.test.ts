import assert from 'node:assert/strict';
import { compileJavaPattern } from '../../../src/core/scope';
import { Random } from './generators';

function finds(source: string, name: string): boolean {
  const compiled = compileJavaPattern(source);
  if (!compiled.ok) assert.fail(`"${source}" was refused: ${compiled.error}`);
  return compiled.regex.test(name);
}

function refusal(source: string): string {
  const compiled = compileJavaPattern(source);
  assert.equal(compiled.ok, false, `"${source}" should be refused`);
  return compiled.ok ? '' : compiled.error;
}

describe('scope preview: Java exclude regexes matched as Java matches them', () => {
  it('finds the pattern anywhere in the name (find(), not matches())', () => {
    assert.equal(finds('_TEST', 'ORDERS_TEST_OLD'), true);
    assert.equal(finds('^tmp', 'a_tmp'), false);
    assert.equal(finds('.*_TEST', 'orders_test'), false, 'case-sensitive by default');
  });

  it('translates Java-only syntax exactly: leading flags, \\Q..\\E, \\A \\z \\Z, POSIX classes, \\e', () => {
    assert.equal(finds('(?i).*_test', 'ORDERS_TEST'), true);
    assert.equal(finds('\\Qa.b\\E', 'a.b'), true);
    assert.equal(finds('\\Qa.b\\E', 'axb'), false);
    assert.equal(finds('\\Atmp', 'tmp_x'), true);
    assert.equal(finds('\\Atmp', 'x_tmp'), false);
    assert.equal(finds('_old\\z', 'a_old'), true);
    assert.equal(finds('_old\\Z', 'a_old'), true);
    assert.equal(finds('_old\\z', 'a_old_x'), false);
    assert.equal(finds('^\\p{Upper}+$', 'ORDERS'), true);
    assert.equal(finds('^\\p{Upper}+$', 'Orders'), false);
    assert.equal(finds('^[\\p{Digit}_]+$', '2024_01'), true);
    assert.equal(finds('\\P{Alnum}', 'abc'), false);
    assert.equal(finds('[]x]', ']'), true, 'a "]" first in a class is a literal in Java');
  });

  it('refuses what it cannot match exactly, naming the construct', () => {
    assert.match(refusal('a*+'), /possessive quantifier "\*\+"/);
    assert.match(refusal('(?>ab)'), /atomic group/);
    assert.match(refusal('a(?i)b'), /inline flags "\(\?i\)"/);
    assert.match(refusal('[a-z&&[^e]]'), /nested character class|intersection/);
    assert.match(refusal('\\p{InGreek}'), /property class/);
    assert.match(refusal('\\R'), /"\\R"/);
  });

  it('reads a stray "}" as Java does: a literal, so "}+" is one or more of it (only a quantifier\'s "}+" is possessive)', () => {
    assert.equal(finds('a}+$', 'a}}'), true);
    assert.equal(finds('a}+$', 'a'), false);
    assert.match(refusal('a{2}+'), /possessive quantifier "\}\+"/);
  });

  it('passes Java rejections through with Java\'s reason', () => {
    assert.match(refusal('\\y'), /not an escape sequence/);
    assert.match(refusal('a{'), /does not start a repetition/);
    assert.match(refusal('('), /not a valid regular expression/);
  });

  it('property: a pattern of plain syntax matches exactly as the same JS regex does', () => {
    const atoms = ['a', 'b', '_', '.', '\\d', '[ab]', '[^a]', 'x?', 'a*', '(ab|ba)', '^', '$', 'T{2}', '(?:a|_)+'];
    const names = ['', 'a', 'ab', 'ba_T', 'TT', 'a1b', 'b_a', 'xx', 'aTTb'];
    const r = new Random(7);
    for (let i = 0; i < 500; i++) {
      const source = Array.from({ length: 1 + r.int(4) }, () => r.pick(atoms)).join('');
      const expected = new RegExp(source);
      for (const name of names) assert.equal(finds(source, name), expected.test(name), `"${source}" on "${name}"`);
    }
  });
});

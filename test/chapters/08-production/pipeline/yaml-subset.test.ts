import { describe, expect, it } from 'vitest';
import { parseYamlDocument, parseYamlDocuments, YamlSubsetError } from '../../../../chapters/08-production/pipeline/yaml-subset.js';

describe('YAML subset reader', () => {
  it('reads nested mappings, sequences of mappings and sequences at the same indentation as their key', () => {
    const text = ['a:', '  b: 1', '  list:', '  - name: x', '    port: 80', '  - plain', 'c:', '  - - nested', '    - pair'].join('\n');
    expect(parseYamlDocument(text)).toEqual({ a: { b: 1, list: [{ name: 'x', port: 80 }, 'plain'] }, c: [['nested', 'pair']] });
  });

  it('types plain scalars as YAML 1.2 does and keeps quoted ones as strings', () => {
    expect(parseYamlDocument('a: 3000\nb: "3000"\nc: true\nd: ~\ne: 1.5\nf: 250m\ng: \'it\'\'s\'\nh: "tab\\tline"\n')).toEqual({
      a: 3000,
      b: '3000',
      c: true,
      d: null,
      e: 1.5,
      f: '250m',
      g: "it's",
      h: 'tab\tline',
    });
  });

  it('reads flow sequences of scalars, {} and comments outside quotes', () => {
    expect(parseYamlDocument('cmd: ["sleep", "5"] # why\nempty: {}\nnone: []\nhash: "a # b"\nurl: http://x/#frag\n')).toEqual({
      cmd: ['sleep', '5'],
      empty: {},
      none: [],
      hash: 'a # b',
      url: 'http://x/#frag',
    });
  });

  it('splits documents on ---, ignoring a leading one', () => {
    expect(parseYamlDocuments('---\na: 1\n---\nb: 2\n')).toEqual([{ a: 1 }, { b: 2 }]);
  });

  it.each([
    ['an anchor', 'a: &x 1'],
    ['a block scalar', 'a: |\n  text'],
    ['a nested flow collection', 'a: [[1]]'],
    ['a flow mapping', 'a: {b: 1}'],
    ['a tab in indentation', 'a:\n\tb: 1'],
    ['a duplicate key', 'a: 1\na: 2'],
    ['a YAML 1.1 boolean', 'a: on'],
    ['an ambiguous plain value', 'a: b: c'],
    ['inconsistent indentation', 'a:\n  b: 1\n    c: 2'],
  ])('refuses %s with the line number', (_what, text) => {
    expect(() => parseYamlDocuments(text, 'x.yaml')).toThrow(YamlSubsetError);
    expect(() => parseYamlDocuments(text, 'x.yaml')).toThrow(/^x\.yaml:\d+: /);
  });
});

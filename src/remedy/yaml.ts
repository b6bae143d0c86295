// Block-style YAML for patches, small enough for the bundle's start-up: JSON values only
// (objects, arrays, strings, finite numbers, booleans, null). A string is plain only where YAML
// 1.2 reads it back as that same string; otherwise it is written JSON-quoted, which YAML's
// double-quoted style reads identically. test/unit/remedy/yaml.test.ts holds it to `yaml`'s parser.
import { isAsciiDigit, isAsciiLetter, isHexDigits } from '../parse/text.js';

type Composite = readonly unknown[] | { readonly [key: string]: unknown };

// `_`, `.`, `/`, `-`
const isWordMark = (code: number): boolean => code === 95 || code === 46 || code === 47 || code === 45;

// Plain words YAML reads as something else: booleans and null (1.1's too), and hexadecimal
// integers like 0xA, which the digits-then-letters form would let through.
const YAML_WORDS = new Set(['true', 'false', 'null', 'yes', 'no', 'on', 'off', 'y', 'n']);

/**
 * Whether YAML reads `text` unquoted as that same string: `/^(?:[A-Za-z/_][A-Za-z0-9_./-]*|\d+[A-Za-z]+)$/`
 * and not `/^(?:true|false|null|yes|no|on|off|y|n|0x[0-9a-f]+)$/i`, written out because every
 * report with a remedy runs it and an expression costs its compilation at every start-up.
 */
export function isPlainScalar(text: string): boolean {
  if (text.length === 0) return false;
  const first = text.charCodeAt(0);
  if (isAsciiLetter(first) || first === 47 || first === 95) {
    for (let i = 1; i < text.length; i++) {
      const code = text.charCodeAt(i);
      if (!isAsciiLetter(code) && !isAsciiDigit(code) && !isWordMark(code)) return false;
    }
  } else {
    let i = 0;
    while (i < text.length && isAsciiDigit(text.charCodeAt(i))) i++;
    if (i === 0 || i === text.length) return false;
    for (; i < text.length; i++) if (!isAsciiLetter(text.charCodeAt(i))) return false;
  }
  // ASCII only by now, so toLowerCase is what the expression's /i does.
  const word = text.toLowerCase();
  return !YAML_WORDS.has(word) && !(word.startsWith('0x') && isHexDigits(word.slice(2)));
}

function scalar(v: unknown): string {
  if (typeof v === 'string') return isPlainScalar(v) ? v : JSON.stringify(v);
  if (v === null || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v))) return String(v);
  throw new Error(`toYaml: ${String(v)} is not a JSON value`);
}

const isComposite = (v: unknown): v is Composite => typeof v === 'object' && v !== null;
const isEmpty = (v: Composite) => (Array.isArray(v) ? v.length === 0 : Object.keys(v).length === 0);
const emptyForm = (v: Composite) => (Array.isArray(v) ? '[]' : '{}');

/** A value after `key:` or `-`: inline when scalar or empty, else on the following lines. */
function entry(head: string, v: unknown, indent: string): string[] {
  if (!isComposite(v)) return [`${head} ${scalar(v)}`];
  if (isEmpty(v)) return [`${head} ${emptyForm(v)}`];
  return [head, ...block(v, `${indent}  `)];
}

function block(v: Composite, indent: string): string[] {
  if (Array.isArray(v)) {
    return (v as readonly unknown[]).flatMap((item) => {
      if (!isComposite(item) || isEmpty(item) || Array.isArray(item)) return entry(`${indent}-`, item, indent);
      // An object item starts on the dash's line: "- name: app".
      const [first = '', ...rest] = block(item, `${indent}  `);
      return [`${indent}- ${first.trimStart()}`, ...rest];
    });
  }
  return Object.entries(v).flatMap(([key, item]) => entry(`${indent}${scalar(key)}:`, item, indent));
}

export function toYaml(v: unknown): string {
  if (!isComposite(v)) return `${scalar(v)}\n`;
  return isEmpty(v) ? `${emptyForm(v)}\n` : `${block(v, '').join('\n')}\n`;
}

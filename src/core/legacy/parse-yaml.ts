import { type Document, parseDocument } from 'yaml';

export type ParsedYaml = { ok: true; document: Document; value: unknown } | { ok: false; error: string };

/** Parses YAML text without throwing; the first error's message is the reason. */
export function parseYaml(text: string): ParsedYaml {
  try {
    const document = parseDocument(text);
    const [first] = document.errors;
    if (first !== undefined) return { ok: false, error: first.message.split('\n')[0] ?? first.message };
    return { ok: true, document, value: document.toJS() };
  } catch (error) {
    // toJS throws on alias bombs and similar abuse.
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}

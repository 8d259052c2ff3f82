/** Bytes to text: UTF-8 only, and never a binary file. */

export type Decoded = { readonly ok: true; readonly text: string } | { readonly ok: false; readonly reason: string };

const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/** Decodes UTF-8 (dropping a byte-order mark); refuses NUL bytes and invalid UTF-8. */
export function decodeText(bytes: Uint8Array): Decoded {
  if (bytes.includes(0)) return { ok: false, reason: 'it contains NUL bytes' };
  try {
    return { ok: true, text: decoder.decode(bytes) };
  } catch {
    return { ok: false, reason: 'it is not valid UTF-8' };
  }
}

/** The same checks for text given in memory (a NUL character means binary data). */
export function checkText(text: string): Decoded {
  if (text.includes('\0')) return { ok: false, reason: 'it contains NUL bytes' };
  return { ok: true, text: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text };
}

/**
 * The one place secrets are masked before anything is printed. Whatever the string (a URL,
 * a malformed URL, a key=value connection string, an error message from the driver), every
 * `user:password@` and every `password=...` shows `***` instead of the password.
 */

/**
 * `user:password@` anywhere: the user part has no `/`, `:` or `@`; the password runs to the
 * last `@` of the word (a raw `@` in a password is masked whole). A password never starts
 * with `//`, so `postgres://role:pw@host` masks `pw`, not `//role:pw`.
 */
const USER_PASSWORD = /([^\s:@/'"`]*):(?!\/\/)[^\s'"`]*@/g;
/** `password=...` and `sslpassword=...` in key=value strings and URL parameters. */
const PASSWORD_PARAM = /((?:ssl)?password\s*=\s*)(?:'(?:[^'\\]|\\.)*'|[^\s&'"`]+)/gi;

/** The text with every password-shaped part replaced by `***`. */
export function redactSecrets(text: string): string {
  return text.replace(PASSWORD_PARAM, '$1***').replace(USER_PASSWORD, '$1:***@');
}

/** Whether a text holds something `redactSecrets` would mask (it is then never written to a cache). */
export function holdsSecret(text: string): boolean {
  return redactSecrets(text) !== text;
}

/** A connection string fit to print: the password is replaced by `***`. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    const params = ['password', 'sslpassword'];
    for (const p of params) if (u.searchParams.has(p)) u.searchParams.set(p, '***');
    return redactSecrets(u.toString());
  } catch {
    return redactSecrets(url);
  }
}

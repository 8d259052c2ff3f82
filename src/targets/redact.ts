/** A connection string fit to print: the password is replaced by `***`. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    const params = ['password', 'sslpassword'];
    for (const p of params) if (u.searchParams.has(p)) u.searchParams.set(p, '***');
    return u.toString();
  } catch {
    // Not a URL (a key=value string): hide any password=... part.
    return url.replace(/(password\s*=\s*)(?:'[^']*'|\S+)/gi, '$1***').replace(/(:\/\/[^:/@]*:)[^@]*@/, '$1***@');
  }
}

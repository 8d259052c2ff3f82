/**
 * A minimal Language Server Protocol client, as an editor would be: it starts a server over
 * stdio, frames JSON-RPC with Content-Length headers, answers the server's own requests
 * (`workspace/configuration` above all), and lets a test send requests and wait for
 * notifications. Every wait has a deadline: a silent or dead server fails the test instead
 * of hanging it.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';

export interface Message {
  readonly jsonrpc: '2.0';
  readonly id?: number | string;
  readonly method?: string;
  readonly params?: unknown;
  readonly result?: unknown;
  readonly error?: { readonly code: number; readonly message: string };
}

export interface LspClientOptions {
  /** The command line of the server, e.g. [node, server.js, '--stdio']. */
  readonly command: readonly [string, ...string[]];
  readonly cwd?: string;
  /** Answers to `workspace/configuration`, by section (`yaml`, `http`, ...). */
  readonly settings: Readonly<Record<string, unknown>>;
  /** Deadline of each request and wait, in milliseconds. */
  readonly timeoutMs: number;
}

interface Waiter {
  readonly method: string;
  readonly match: (params: any) => boolean;
  readonly resolve: (params: any) => void;
  readonly reject: (e: Error) => void;
}

export class LspClient {
  private readonly child: ChildProcessWithoutNullStreams;
  private buffer = Buffer.alloc(0);
  private nextId = 1;
  private readonly pending = new Map<number, { method: string; resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private readonly waiters = new Set<Waiter>();
  /** Every notification received, in order. */
  readonly notifications: { method: string; params: any }[] = [];
  /** The server's own requests, in order (for assertions and failure messages). */
  readonly serverRequests: string[] = [];
  private stderr = '';
  private exited: Error | undefined;

  constructor(private readonly options: LspClientOptions) {
    const [cmd, ...args] = options.command;
    this.child = spawn(cmd, args, { cwd: options.cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    this.child.stdout.on('data', (chunk: Buffer) => this.onData(chunk));
    this.child.stderr.on('data', (chunk: Buffer) => (this.stderr = (this.stderr + chunk.toString('utf8')).slice(-4000)));
    this.child.on('error', (e) => this.fail(new Error(`the language server could not start: ${e.message}`)));
    this.child.on('exit', (code, signal) => this.fail(new Error(`the language server exited (code ${code}, signal ${signal})${this.stderr ? `: ${this.stderr}` : ''}`)));
    // Never leave a server behind, whatever happens to the test.
    process.once('exit', () => this.child.kill('SIGKILL'));
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  private fail(e: Error): void {
    if (this.exited) return;
    this.exited = e;
    for (const p of this.pending.values()) p.reject(e);
    this.pending.clear();
    for (const w of this.waiters) w.reject(e);
    this.waiters.clear();
  }

  private write(msg: Message): void {
    if (this.exited) throw this.exited;
    const body = Buffer.from(JSON.stringify(msg), 'utf8');
    this.child.stdin.write(Buffer.concat([Buffer.from(`Content-Length: ${body.length}\r\n\r\n`, 'ascii'), body]));
  }

  private onData(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const end = this.buffer.indexOf('\r\n\r\n');
      if (end < 0) return;
      const header = this.buffer.subarray(0, end).toString('ascii');
      const m = /Content-Length: *(\d+)/i.exec(header);
      if (!m) {
        this.fail(new Error(`a message without Content-Length: ${header}`));
        return;
      }
      const length = Number(m[1]);
      if (this.buffer.length < end + 4 + length) return;
      const body = this.buffer.subarray(end + 4, end + 4 + length).toString('utf8');
      this.buffer = this.buffer.subarray(end + 4 + length);
      this.dispatch(JSON.parse(body) as Message);
    }
  }

  private dispatch(msg: Message): void {
    if (msg.method !== undefined && msg.id !== undefined) {
      this.serverRequests.push(msg.method);
      this.write({ jsonrpc: '2.0', id: msg.id, result: this.answer(msg.method, msg.params) });
    } else if (msg.method !== undefined) {
      this.notifications.push({ method: msg.method, params: msg.params });
      for (const w of [...this.waiters]) {
        if (w.method === msg.method && w.match(msg.params)) {
          this.waiters.delete(w);
          w.resolve(msg.params);
        }
      }
    } else if (typeof msg.id === 'number') {
      const p = this.pending.get(msg.id);
      if (!p) return;
      this.pending.delete(msg.id);
      if (msg.error) p.reject(new Error(`${p.method} failed: ${msg.error.message} (${msg.error.code})`));
      else p.resolve(msg.result);
    }
  }

  /** What an editor answers to the server's requests. */
  private answer(method: string, params: unknown): unknown {
    if (method === 'workspace/configuration') {
      const items = (params as { items?: { section?: string }[] }).items ?? [];
      return items.map((item) => (item.section !== undefined ? this.options.settings[item.section] ?? null : null));
    }
    // client/registerCapability, window/workDoneProgress/create, ...: accepted.
    return null;
  }

  private deadline<T>(what: string, promise: Promise<T>, ms = this.options.timeoutMs): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer to ${what} within ${ms} ms${this.stderr ? `; server stderr: ${this.stderr}` : ''}`)), ms);
    });
    return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
  }

  request<T = unknown>(method: string, params: unknown, timeoutMs?: number): Promise<T> {
    const id = this.nextId++;
    const answer = new Promise<T>((resolve, reject) => {
      this.pending.set(id, { method, resolve: resolve as (v: unknown) => void, reject });
    });
    this.write({ jsonrpc: '2.0', id, method, params });
    return this.deadline(method, answer, timeoutMs).finally(() => this.pending.delete(id));
  }

  notify(method: string, params: unknown): void {
    this.write({ jsonrpc: '2.0', method, params });
  }

  /** The next notification `method` whose params match (one already received counts). */
  waitFor<T = any>(method: string, match: (params: T) => boolean = () => true, timeoutMs?: number): Promise<T> {
    const seen = this.notifications.find((n) => n.method === method && match(n.params as T));
    if (seen) return Promise.resolve(seen.params as T);
    if (this.exited) return Promise.reject(this.exited);
    let waiter: Waiter | undefined;
    const p = new Promise<T>((resolve, reject) => {
      waiter = { method, match, resolve, reject };
      this.waiters.add(waiter);
    });
    return this.deadline(method, p, timeoutMs).finally(() => waiter && this.waiters.delete(waiter));
  }

  /** `shutdown` and `exit`, then the process is killed if it is still there. */
  async stop(): Promise<void> {
    if (!this.exited) {
      try {
        await this.request('shutdown', null, 3000);
        this.notify('exit', null);
      } catch {
        // a server that does not answer is killed below
      }
    }
    if (this.child.exitCode === null && this.child.signalCode === null) {
      const gone = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
      const timer = setTimeout(() => this.child.kill('SIGKILL'), 2000);
      await gone;
      clearTimeout(timer);
    }
  }
}

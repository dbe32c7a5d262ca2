import { existsSync, linkSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { GeneratedSecret, newSecret } from './generated-secret';

/** The generated secret in a `jwt-secret` file (mode 600) beside the embedded log. */
export class FileGeneratedSecret extends GeneratedSecret {
  constructor(private readonly path: string) {
    super();
  }

  static inFolder(dir: string): FileGeneratedSecret {
    return new FileGeneratedSecret(join(dir, 'jwt-secret'));
  }

  async read(): Promise<string | undefined> {
    return existsSync(this.path) ? readFileSync(this.path, 'utf8').trim() : undefined;
  }

  async readOrCreate(): Promise<string> {
    const existing = await this.read();
    if (existing) return existing;
    mkdirSync(dirname(this.path), { recursive: true });
    // Written whole under another name, then linked into place: a link never replaces a file, so of two
    // processes starting together one wins and the other reads the winner's secret, never a half-written one.
    const draft = `${this.path}.${process.pid}.${Date.now()}`;
    writeFileSync(draft, `${newSecret()}\n`, { mode: 0o600, flag: 'wx' });
    try {
      linkSync(draft, this.path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    } finally {
      rmSync(draft, { force: true });
    }
    return (await this.read())!;
  }

  async close(): Promise<void> {}
}

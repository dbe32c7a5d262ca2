import { SoftAuthenticator } from './soft-authenticator';

export interface Answer {
  status: number;
  body: any;
  headers: Headers;
}

/**
 * One browser as far as sign-in goes: it keeps the session cookie the server sets (like a cookie jar
 * for one origin) and the access token it was given, and owns a software passkey.
 */
export class SignInClient {
  cookie: string | undefined;
  accessToken: string | undefined;
  readonly authenticator: SoftAuthenticator;

  constructor(
    readonly url: string,
    authenticator?: SoftAuthenticator,
  ) {
    this.authenticator = authenticator ?? new SoftAuthenticator(url);
  }

  async call(method: string, path: string, body?: unknown, options: { bearer?: string | null } = {}): Promise<Answer> {
    const headers: Record<string, string> = {};
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (this.cookie) headers.cookie = this.cookie;
    const bearer = options.bearer === undefined ? this.accessToken : options.bearer;
    if (bearer) headers.authorization = `Bearer ${bearer}`;
    const response = await fetch(`${this.url}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const value = pair.slice(pair.indexOf('=') + 1);
      this.cookie = value ? pair : undefined;
    }
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined, headers: response.headers };
  }

  /** Opens an invitation link and accepts it with a new passkey: the new person's session. */
  async acceptWithPasskey(token: string, displayName = 'Anna Kowalska'): Promise<Answer> {
    const options = await this.call('POST', '/api/invitations/passkey/options', { token, displayName });
    if (options.status !== 200) return options;
    const answer = await this.call('POST', '/api/invitations/passkey', { ceremonyId: options.body.ceremonyId, response: this.authenticator.create(options.body.options), label: 'Telefon' });
    if (answer.status === 201) this.accessToken = answer.body.session.accessToken;
    return answer;
  }

  async signInWithPasskey(): Promise<Answer> {
    const options = await this.call('POST', '/api/auth/passkey/options');
    if (options.status !== 200) return options;
    const answer = await this.call('POST', '/api/auth/passkey', { ceremonyId: options.body.ceremonyId, response: this.authenticator.get(options.body.options) });
    if (answer.status === 200) this.accessToken = answer.body.accessToken;
    return answer;
  }
}

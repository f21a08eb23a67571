import * as vscode from 'vscode';
import type { AtlanClient, CrawlerBackend, CrawlerRun, RequestLogEntry, Surface, TransportOptions, WhoAmI } from '../../core/atlan';
import { tenantTools } from '../tenantTools';
import { normaliseBaseUrl, type Profile, type ProfileStore, type SurfaceChoice } from '../auth/profiles';
import { setWhenContext } from '../whenContext';
import { transportSettings } from './transportSettings';

/**
 * The connection to the active tenant: which profile, its client, and which API surface it runs.
 * Everything that talks to Atlan gets its client from here; a 401 anywhere moves the session to
 * "expired" so the view can ask the user to sign in again.
 */
export type SessionState =
  | { kind: 'signedOut'; reason?: string }
  | { kind: 'expired'; profile: Profile; message: string }
  /** Signed in, but the tenant could not be reached to learn its API surface; Refresh tries again. */
  | { kind: 'unreachable'; profile: Profile; message: string }
  | { kind: 'signedIn'; profile: Profile; client: AtlanClient; backend: CrawlerBackend; surface: Surface; user?: string };

export type SignedIn = Extract<SessionState, { kind: 'signedIn' }>;

const surfaceKey = (origin: string): string => `atlan.surface:${origin}`;
const appRunsKey = (origin: string): string => `atlan.appRuns:${origin}`;
const appSchedulesKey = (origin: string): string => `atlan.appSchedules:${origin}`;
/** Bodies this client sent to App workflows (no inline credential): what import and Compare use when the tenant's get has no inputs. */
const appSentBodiesKey = (origin: string): string => `atlan.appSentBodies:${origin}`;
/** App API runs to keep across sessions (that surface has no run search); newest kept. */
const KEPT_APP_RUNS = 500;

export class Session implements vscode.Disposable {
  private current: SessionState = { kind: 'signedOut' };
  private readonly changed = new vscode.EventEmitter<SessionState>();
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly profiles: ProfileStore,
    private readonly memento: vscode.Memento,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  get state(): SessionState {
    return this.current;
  }

  /** The signed-in session, or an error telling the user to sign in. */
  requireSignedIn(): SignedIn {
    if (this.current.kind === 'signedIn') return this.current;
    if (this.current.kind === 'signedOut') throw new Error('Sign in to an Atlan tenant first (Atlan: Sign In).');
    throw new Error(this.current.message);
  }

  private async set(state: SessionState): Promise<void> {
    const previous = this.current;
    if (previous.kind === 'signedIn' && (state.kind !== 'signedIn' || state.client !== previous.client)) {
      this.saveAppRuns(previous);
      void previous.client.close();
    }
    this.current = state;
    await setWhenContext('atlan.session', state.kind);
    this.changed.fire(state);
  }

  /** What each client was built from (settings only, kept in memory): reconnect() skips a change that changes nothing. */
  private readonly builtFrom = new WeakMap<AtlanClient, string>();

  private clientSettings(): { timeoutSeconds: number; transport: TransportOptions; key: string } {
    const timeoutSeconds = vscode.workspace.getConfiguration('atlan').get<number>('http.timeoutSeconds', 30);
    const transport = transportSettings();
    return { timeoutSeconds, transport, key: JSON.stringify({ timeoutSeconds, transport }) };
  }

  private createClient(baseUrl: string, token: string): AtlanClient {
    const { timeoutSeconds, transport, key } = this.clientSettings();
    const client = new (tenantTools().AtlanClient)({
      baseUrl,
      token,
      timeoutMs: timeoutSeconds * 1000,
      userAgent: `atlan-postgres-workflows-vscode/${vscode.version}`,
      onRequest: (e) => this.logRequest(e),
      ...transport,
    });
    const tlsWarning = tenantTools().relaxedTlsWarning(new URL(client.origin), transport);
    if (tlsWarning) this.log.warn(`http.proxyStrictSSL is false: ${tlsWarning}.`);
    this.builtFrom.set(client, key);
    return client;
  }

  private logRequest(e: RequestLogEntry): void {
    const line = `${e.method} ${e.path} ${e.status ?? '-'} ${e.ms} ms${e.attempt > 1 ? ` (attempt ${e.attempt})` : ''}${e.error ? ` ${e.error}` : ''}`;
    if (e.error || (e.status ?? 0) >= 400) this.log.warn(line);
    else this.log.info(line);
  }

  private async surfaceFor(profile: Profile, client: AtlanClient, fresh: boolean): Promise<Surface> {
    if (profile.surface !== 'auto') return profile.surface;
    const key = surfaceKey(client.origin);
    const cached = this.memento.get<Surface>(key);
    if (cached && !fresh) return cached;
    const surface = await client.detectSurface();
    await this.memento.update(key, surface);
    this.log.info(`${client.origin} runs the ${surface === 'apps' ? 'App API' : 'package-workflow API'}`);
    return surface;
  }

  private backendFor(client: AtlanClient, surface: Surface): CrawlerBackend {
    const backend = client.backend(surface);
    if (backend instanceof tenantTools().AppBackend) {
      backend.rememberRuns(this.memento.get<CrawlerRun[]>(appRunsKey(client.origin)) ?? []);
      const saved = tenantTools().SavedSchedulesSchema.safeParse(this.memento.get(appSchedulesKey(client.origin)) ?? {});
      if (saved.success) backend.rememberSchedules(saved.data);
      else this.log.warn(`Ignored the saved App API schedules of ${client.origin}: ${saved.error.issues[0]?.message ?? 'not a schedule list'}`);
      backend.onDidChangeSchedules = (known) => void this.memento.update(appSchedulesKey(client.origin), known);
      const sent = tenantTools().SavedSentBodiesSchema.safeParse(this.memento.get(appSentBodiesKey(client.origin)) ?? {});
      if (sent.success) backend.rememberSentBodies(sent.data);
      else this.log.warn(`Ignored the saved App API definitions of ${client.origin}: ${sent.error.issues[0]?.message ?? 'not a definition list'}`);
      backend.onDidChangeSentBodies = (known) => void this.memento.update(appSentBodiesKey(client.origin), known);
    }
    // What the tenant's answers left out (items that could not be read), and the App fallback to this client's own runs: for the log.
    backend.onNote = (note) => this.log.warn(note);
    return backend;
  }

  private saveAppRuns(state: SignedIn): void {
    if (!(state.backend instanceof tenantTools().AppBackend)) return;
    const runs = state.backend
      .knownRuns()
      .sort((a, b) => (b.startedAt ?? '').localeCompare(a.startedAt ?? ''))
      .slice(0, KEPT_APP_RUNS);
    void this.memento.update(appRunsKey(state.client.origin), runs);
  }

  /**
   * The settings the client is built from changed (timeout, proxy, certificates): the same
   * session goes on with a client built from them, without a reload. A client that cannot be
   * built (a proxy URL that does not parse, an unreadable CA file) leaves the tenant unreachable
   * with the reason, until the settings are fixed.
   */
  async reconnect(): Promise<void> {
    const current = this.current;
    if (current.kind !== 'signedIn') return;
    let unchanged: boolean;
    try {
      unchanged = this.builtFrom.get(current.client) === this.clientSettings().key;
    } catch {
      unchanged = false; // unreadable now (a CA file): createClient below says why
    }
    if (unchanged) return;
    const token = await this.profiles.token(current.profile);
    if (!token || this.current !== current) return;
    // Before the new backend reads them back: the runs and schedules the old one knows.
    this.saveAppRuns(current);
    let client: AtlanClient;
    try {
      client = this.createClient(current.profile.baseUrl, token);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      this.log.error(`Could not apply the changed connection settings: ${message}`);
      return this.set({ kind: 'unreachable', profile: current.profile, message });
    }
    this.log.info(`Connection settings changed: talking to ${client.origin} with the new ones`);
    await this.set({ ...current, client, backend: this.backendFor(client, current.surface) });
  }

  /** Remembers what an App API backend has seen, for the next session. */
  persist(): void {
    if (this.current.kind === 'signedIn') this.saveAppRuns(this.current);
  }

  /** On activation: the active profile with its stored token, without a network round trip when the surface is known. */
  async restore(): Promise<void> {
    const profile = this.profiles.active();
    const token = profile && (await this.profiles.token(profile));
    if (!profile || !token) return this.set({ kind: 'signedOut' });
    const client = this.createClient(profile.baseUrl, token);
    try {
      const surface = await this.surfaceFor(profile, client, false);
      await this.set({ kind: 'signedIn', profile, client, surface, backend: this.backendFor(client, surface) });
    } catch (err) {
      void client.close();
      const message = err instanceof Error ? err.message : String(err);
      if (tenantTools().isAtlanError(err) && err.kind === 'authentication') return this.set({ kind: 'expired', profile, message });
      this.log.warn(`Could not learn which API ${profile.baseUrl} runs: ${message}`);
      await this.set({ kind: 'unreachable', profile, message });
    }
  }

  /**
   * Checks the URL and token with whoami (and the API surface) before anything is saved; on
   * success the token goes to SecretStorage and the profile to user settings.
   */
  async signIn(input: { name: string; baseUrl: string; token: string; surface: SurfaceChoice }, signal?: AbortSignal): Promise<WhoAmI> {
    const baseUrl = normaliseBaseUrl(input.baseUrl);
    const client = this.createClient(baseUrl, input.token);
    try {
      const who = await client.whoami({ signal });
      const profile: Profile = { name: input.name, baseUrl, surface: input.surface };
      const surface = await this.surfaceFor(profile, client, true);
      await this.profiles.save(profile, input.token);
      await this.set({ kind: 'signedIn', profile, client, surface, backend: this.backendFor(client, surface), user: who.username });
      this.log.info(`Signed in to ${baseUrl} as ${who.username}`);
      return who;
    } catch (err) {
      void client.close();
      throw err;
    }
  }

  async signOut(): Promise<void> {
    const profile = this.current.kind === 'signedOut' ? this.profiles.active() : this.current.profile;
    if (profile) await this.profiles.forgetToken(profile);
    await this.set({ kind: 'signedOut' });
    this.log.info(`Signed out${profile ? ` of ${profile.baseUrl}` : ''}`);
  }

  async switchTo(name: string): Promise<void> {
    await this.profiles.activate(name);
    await this.restore();
  }

  /** Every caller reports Atlan errors here: a rejected token turns the session into "expired". */
  async noteError(err: unknown): Promise<void> {
    if (tenantTools().isAtlanError(err) && err.kind === 'authentication' && this.current.kind === 'signedIn') {
      await this.set({ kind: 'expired', profile: this.current.profile, message: err.message });
    }
  }

  dispose(): void {
    if (this.current.kind === 'signedIn') {
      this.saveAppRuns(this.current);
      void this.current.client.close();
    }
    this.changed.dispose();
  }
}

export { normaliseBaseUrl };

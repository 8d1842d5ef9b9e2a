/** The login form: user, password and project with Keystone; user and project under noauth2. */
import { useState } from 'preact/hooks';
import { type Auth, type DashboardConfig, noauthLogin, passwordLogin } from '../api/auth';
import { faultMessage } from '../api/cloud-api';
import { ErrorNote, Field } from '../components/ui';

export function LoginView(props: { config: DashboardConfig; onLogin(auth: Auth): void }) {
  const [user, setUser] = useState('');
  const [password, setPassword] = useState('');
  const [project, setProject] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      props.onLogin(
        props.config.identity
          ? await passwordLogin(user, password, project || user)
          : noauthLogin(user, project || user),
      );
    } catch (err) {
      setError(faultMessage(err));
    } finally {
      setBusy(false);
    }
  };
  const value = (set: (v: string) => void) => (e: Event) => set((e.target as HTMLInputElement).value);
  return (
    <main class="login">
      <form class="card" onSubmit={submit} aria-label="Log in">
        <h1>Novats</h1>
        <Field label="User name">
          <input name="username" autoComplete="username" required value={user} onInput={value(setUser)} />
        </Field>
        {props.config.identity && (
          <Field label="Password">
            <input
              name="password"
              type="password"
              autoComplete="current-password"
              required
              value={password}
              onInput={value(setPassword)}
            />
          </Field>
        )}
        <Field label="Project" hint="Empty: a project named as the user.">
          <input name="project" value={project} onInput={value(setProject)} />
        </Field>
        <ErrorNote error={error} />
        <button type="submit" class="primary" disabled={busy}>
          {busy ? 'Logging in…' : 'Log in'}
        </button>
        {!props.config.identity && <p class="muted">No identity service: noauth2 tokens (user:project).</p>}
      </form>
    </main>
  );
}

/**
 * The shell: the login form until a token exists (kept in this component's
 * state only), then the navigation (project views; admin views for admins),
 * the project switcher and log out.
 */
import { useEffect, useMemo, useState } from 'preact/hooks';
import {
  type Auth,
  type DashboardConfig,
  loadConfig,
  logout,
  type Project,
  switchProject,
  userProjects,
} from '../api/auth';
import { CloudApi, faultMessage } from '../api/cloud-api';
import { ErrorNote } from '../components/ui';
import { AggregatesView } from './admin-aggregates';
import { FlavorsView } from './admin-flavors';
import { HypervisorsView } from './admin-hypervisors';
import { QuotasView } from './admin-quotas';
import { ServicesView } from './admin-services';
import { BenchView } from './bench';
import { ImagesView } from './images';
import { InstanceDetail } from './instance-detail';
import { InstancesView } from './instances';
import { KeypairsView } from './keypairs';
import { LoginView } from './login';
import { OverviewView } from './overview';
import { go, useRoute } from './route';
import { ServerGroupsView } from './server-groups';

const PROJECT_NAV = [
  ['project/overview', 'Overview'],
  ['project/instances', 'Instances'],
  ['project/keypairs', 'Key pairs'],
  ['project/images', 'Images'],
  ['project/server-groups', 'Server groups'],
] as const;
const ADMIN_NAV = [
  ['admin/hypervisors', 'Hypervisors'],
  ['admin/services', 'Compute services'],
  ['admin/aggregates', 'Aggregates & zones'],
  ['admin/flavors', 'Flavors'],
  ['admin/quotas', 'Quotas'],
  ['admin/instances', 'All instances'],
] as const;

export function App() {
  const route = useRoute();
  const [config, setConfig] = useState<DashboardConfig | null>(null);
  const [auth, setAuth] = useState<Auth | null>(null);
  const [projects, setProjects] = useState<Project[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [menuOpen, setMenuOpen] = useState(false);
  useEffect(() => {
    loadConfig().then(setConfig, (e) => setError(faultMessage(e)));
  }, []);
  useEffect(() => {
    if (auth) userProjects(auth).then(setProjects, () => setProjects([auth.project]));
  }, [auth?.user.id]);
  const api = useMemo(() => (auth ? new CloudApi(auth) : null), [auth]);

  if (route[0] === 'bench') return <BenchView />;
  if (!config) return <main class="login">{error ? <ErrorNote error={error} /> : <p>Loading…</p>}</main>;
  if (!auth || !api)
    return (
      <LoginView
        config={config}
        onLogin={(a) => {
          setAuth(a);
          if (!route[0]) go('project/overview');
        }}
      />
    );

  const onSwitch = async (id: string) => {
    const p = projects.find((x) => x.id === id);
    if (!p) return;
    try {
      setAuth(await switchProject(auth, p));
      setError(null);
      go('project/overview');
    } catch (e) {
      setError(faultMessage(e));
    }
  };
  const onLogout = async () => {
    await logout(auth);
    setAuth(null);
    setProjects([]);
    go('');
  };
  const here = route.slice(0, 2).join('/');
  const nav = (items: readonly (readonly [string, string])[]) =>
    items.map(([path, label]) => (
      <li key={path}>
        <a
          href={`#/${path}`}
          aria-current={here === path ? 'page' : undefined}
          onClick={() => setMenuOpen(false)}
        >
          {label}
        </a>
      </li>
    ));
  return (
    <div class="shell">
      <header class="topbar">
        <button
          type="button"
          class="ghost menu-toggle"
          aria-expanded={menuOpen}
          onClick={() => setMenuOpen(!menuOpen)}
        >
          ☰ Menu
        </button>
        <strong class="brand">Novats</strong>
        <label class="project-switch">
          <span>Project</span>
          <select value={auth.project.id} onChange={(e) => onSwitch((e.target as HTMLSelectElement).value)}>
            {(projects.length ? projects : [auth.project]).map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </label>
        <span class="muted user">{auth.user.name}</span>
        <button type="button" onClick={onLogout}>
          Log out
        </button>
      </header>
      <nav class={`sidebar${menuOpen ? ' open' : ''}`} aria-label="Main">
        <h3>Project</h3>
        <ul>{nav(PROJECT_NAV)}</ul>
        {auth.isAdmin && (
          <>
            <h3>Admin</h3>
            <ul>{nav(ADMIN_NAV)}</ul>
          </>
        )}
      </nav>
      <main class="content" key={auth.project.id}>
        <ErrorNote error={error} />
        {page(route, api)}
      </main>
    </div>
  );
}

function page(route: string[], api: CloudApi) {
  const [area, view, id] = route;
  if (area === 'admin' && api.auth.isAdmin) {
    if (view === 'hypervisors') return <HypervisorsView api={api} />;
    if (view === 'services') return <ServicesView api={api} />;
    if (view === 'aggregates') return <AggregatesView api={api} />;
    if (view === 'flavors') return <FlavorsView api={api} />;
    if (view === 'quotas') return <QuotasView api={api} />;
    if (view === 'instances')
      return id ? <InstanceDetail api={api} id={id} /> : <InstancesView api={api} allTenants />;
  }
  if (view === 'instances') return id ? <InstanceDetail api={api} id={id} /> : <InstancesView api={api} />;
  if (view === 'keypairs') return <KeypairsView api={api} />;
  if (view === 'images') return <ImagesView api={api} />;
  if (view === 'server-groups') return <ServerGroupsView api={api} />;
  return <OverviewView api={api} />;
}

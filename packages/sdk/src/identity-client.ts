/** Keystone v3: who the token is, projects. */
import { HttpClient } from './http-client.js';
import type { Session } from './session.js';

export interface Project {
  readonly id: string;
  readonly name: string;
  readonly domain_id: string;
  readonly enabled: boolean;
}

export class IdentityClient {
  readonly #http: HttpClient;
  constructor(session: Session) {
    this.#http = new HttpClient(session, 'identity');
  }

  async projects(): Promise<Project[]> {
    return (await this.#http.call<{ projects: Project[] }>('GET', '/projects')).projects;
  }
}

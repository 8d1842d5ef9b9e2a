/** What nova-cert reads from nova.conf (`[crypto]`, `[DEFAULT] state_path`), once at start-up. */
import type { NovaConfig } from '@novats/core';

export interface CertSettings {
  /** `[crypto] ca_path` ($state_path/CA): the root CA, and projects/<id>/ for each project's CA. */
  readonly caPath: string;
  /** `[crypto] ca_file`, `key_file`, `crl_file`: names inside each CA directory. */
  readonly caFile: string;
  readonly keyFile: string;
  readonly crlFile: string;
  /** `[crypto] user_cert_subject` and `project_cert_subject`, OpenSSL's /K=V form with %s slots. */
  readonly userCertSubject: string;
  readonly projectCertSubject: string;
}

export function certSettingsFromConfig(conf: NovaConfig): CertSettings {
  return {
    caPath: conf.get('crypto', 'ca_path'),
    caFile: conf.get('crypto', 'ca_file'),
    keyFile: conf.get('crypto', 'key_file'),
    crlFile: conf.get('crypto', 'crl_file'),
    userCertSubject: conf.get('crypto', 'user_cert_subject'),
    projectCertSubject: conf.get('crypto', 'project_cert_subject'),
  };
}

// A script that starts a cloud and forgets to stop it: it must still exit, with a warning.
import { startCloud } from '@novats/server/testing';

const cloud = await startCloud({ hosts: 1 });
await fetch(`${cloud.endpoints.compute}/`, { headers: { 'x-auth-token': cloud.credentials.adminToken } });
console.log('done, without stop()');

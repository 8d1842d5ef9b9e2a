export * from './ec2-app.js';
export * from './ec2-settings.js';

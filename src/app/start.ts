import { run } from 'probot';
import { createNetpolApp } from './netpol-app.js';

await run(createNetpolApp().app);

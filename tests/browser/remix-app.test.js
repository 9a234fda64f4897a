// The remix app of tests/browser/framework-apps/remix in workerd, driven by Chromium.
import { frameworkAppFlows } from '../helpers/framework-app-flows.js';

frameworkAppFlows('remix');

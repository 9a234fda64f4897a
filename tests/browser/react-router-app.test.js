// The react-router app of tests/browser/framework-apps/react-router in workerd, driven by Chromium.
import { frameworkAppFlows } from '../helpers/framework-app-flows.js';

frameworkAppFlows('react-router', { crossOriginStatus: 400 });

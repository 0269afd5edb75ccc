/**
 * The page's entry: the client and the stores are made here, outside React, once per page (they must survive
 * `<StrictMode>`'s double mount and views hidden by `<Activity>`; issue 25 item 3), then React renders in strict mode.
 */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app.js';
import { createPageClient } from './client/client-context.js';
import { createAppStores } from './state/app-stores.js';
import './styles/theme.css';
import './styles/app.css';
import './styles/layout.css';

const root = document.getElementById('root');
if (!root) throw new Error('missing #root');
const client = createPageClient();
const stores = createAppStores(client);
createRoot(root).render(
  <StrictMode>
    <App client={client} stores={stores} />
  </StrictMode>,
);

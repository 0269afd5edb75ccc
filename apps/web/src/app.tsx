/**
 * The page: one client connection for every view, and URL-based views (`/` the IDE; later `/dashboard` and
 * `/practice/:id`). The server answers each view URL with this page (its `webViewRoutes`, `index.js`).
 */
import { BrowserRouter, Link, Route, Routes } from 'react-router';
import { ClientProvider } from './client/client-context.js';
import { IdeView } from './views/ide/ide-view.js';

function NotFound() {
  return (
    <main className="not-found">
      <h1>Nothing here</h1>
      <p>
        This page does not exist. <Link to="/">Back to the editor</Link>
      </p>
    </main>
  );
}

export function App() {
  return (
    <ClientProvider>
      <BrowserRouter>
        <Routes>
          <Route path="/" element={<IdeView />} />
          <Route path="/ide" element={<IdeView />} />
          <Route path="*" element={<NotFound />} />
        </Routes>
      </BrowserRouter>
    </ClientProvider>
  );
}

import { Link } from 'react-router';
import { VIEW_PATHS } from './routes.js';

/** An URL that is no view. */
export function NotFound() {
  return (
    <main className="not-found">
      <h1>Nothing here</h1>
      <p>
        This page does not exist. Go to the <Link to={VIEW_PATHS.dashboard}>dashboard</Link> or the{' '}
        <Link to={VIEW_PATHS.ide}>editor</Link>.
      </p>
    </main>
  );
}

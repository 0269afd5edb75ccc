/**
 * A render error in one view stays in that view (issue 23 item 5): the boundary shows what happened and a way back
 * (the dashboard, the editor from the dashboard, or "Try again", which renders the view anew), while the header and the other views keep working.
 * A check for it: `sessionStorage['paige:crash-view'] = '<view>'` makes that view throw on its next render.
 */
import { Component, type ErrorInfo, type ReactNode } from 'react';
import { Link } from 'react-router';
import { VIEW_PATHS } from './routes.js';

interface Props {
  /** The view's name, in the message. */
  name: string;
  children: ReactNode;
}

interface State {
  error: Error | null;
}

export class ViewErrorBoundary extends Component<Props, State> {
  override state: State = { error: null };

  static getDerivedStateFromError(error: unknown): State {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  override componentDidCatch(error: unknown, info: ErrorInfo): void {
    console.error(`Paige: the ${this.props.name} view failed to render`, error, info.componentStack);
  }

  override render() {
    const { error } = this.state;
    if (!error) return this.props.children;
    return (
      <main className="view-error" role="alert" aria-labelledby="view-error-title">
        <h1 id="view-error-title">Something went wrong in the {this.props.name}</h1>
        <p>Paige hit an error while showing this view. Your files and your session are not affected.</p>
        <pre className="view-error-detail">{error.message}</pre>
        <p className="view-error-actions">
          <button
            type="button"
            className="btn btn-primary"
            onClick={() => {
              try {
                sessionStorage.removeItem('paige:crash-view');
              } catch {
                // storage refused
              }
              this.setState({ error: null });
            }}
          >
            Try again
          </button>
          {this.props.name === 'dashboard' ? (
            <Link className="btn" to={VIEW_PATHS.ide}>
              Go to the editor
            </Link>
          ) : (
            <Link className="btn" to={VIEW_PATHS.dashboard}>
              Back to the dashboard
            </Link>
          )}
        </p>
      </main>
    );
  }
}

/** Throws when the learner (or a test) asked this view to fail, to check its boundary. */
export function CrashCheck({ view }: { view: string }): null {
  let wanted: string | null = null;
  try {
    wanted = sessionStorage.getItem('paige:crash-view');
  } catch {
    // storage refused
  }
  if (wanted === view)
    throw new Error(`The ${view} view was asked to fail (sessionStorage paige:crash-view).`);
  return null;
}

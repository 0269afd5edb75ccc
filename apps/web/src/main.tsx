import { createRoot } from 'react-dom/client';
import { App } from './app.js';
import './styles/theme.css';
import './styles/app.css';
import './styles/layout.css';

const root = document.getElementById('root');
if (!root) throw new Error('missing #root');
createRoot(root).render(<App />);

/**
 * Cairn dashboard entry point.
 *
 * Why Preact: a React-like component model (JSX, hooks) in about 4 KB gzipped, so the whole
 * dashboard, chart.js included, stays far under its 150 KB budget; it renders strings as text nodes
 * (visitor-controlled paths and referrers can never become markup) and needs no eval, which the
 * strict Content-Security-Policy forbids.
 */
import { render } from 'preact';
import { App } from './app.tsx';
import './styles/app.css';

const root = document.getElementById('app');
if (root) {
  root.textContent = '';
  render(<App site={(document.body.dataset.site ?? '').trim().toLowerCase()} />, root);
}

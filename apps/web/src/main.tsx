// The shared stylesheets first, so every component's own stylesheet comes after them in the cascade.
import './styles.css';
import './ui/badge.css';
import './ui/banner.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');

createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);

// The login form: the container's form login (j_security_check), then where the role belongs.

import { api, markReady } from './api.js';

const form = document.getElementById('login-form');
const user = document.getElementById('username');
const pass = document.getElementById('password');
const error = document.getElementById('login-error');
const button = document.getElementById('login');

function landing(role) {
  return role === 'prosumer' ? '/me/index.html' : '/console/overview.html';
}

async function alreadySignedIn() {
  try {
    const me = await api('/auth/me', { quiet: true, noRedirect: true });
    if (me && me.role) location.replace(landing(me.role));
  } catch {
    // not signed in: stay on the form
  }
}

form.addEventListener('submit', async (e) => {
  e.preventDefault();
  error.textContent = '';
  if (!user.value.trim() || !pass.value) {
    error.textContent = 'Enter your user name and password.';
    (user.value.trim() ? pass : user).focus();
    return;
  }
  button.disabled = true;
  button.textContent = 'Signing in…';
  try {
    const res = await fetch('/j_security_check', {
      method: 'POST',
      credentials: 'same-origin',
      body: new URLSearchParams({ j_username: user.value.trim(), j_password: pass.value }),
    });
    if (res.status === 401 || res.status === 403) {
      error.textContent = 'Wrong user name or password';
      pass.value = '';
      pass.focus();
      return;
    }
    if (!res.ok) {
      error.textContent = `Sign-in failed: the server answered ${res.status}.`;
      return;
    }
    const me = await api('/auth/me', { quiet: true, noRedirect: true });
    location.assign(landing(me.role));
  } catch (err) {
    error.textContent = err.status === 401 ? 'Wrong user name or password' : `Sign-in failed: ${err.message}`;
  } finally {
    button.disabled = false;
    button.textContent = 'Sign in';
  }
});

markReady();
alreadySignedIn();

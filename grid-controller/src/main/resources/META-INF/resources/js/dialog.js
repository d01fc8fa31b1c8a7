// Dialogs on <dialog>: focus moves into them on open, Esc closes (the browser's own cancel), and
// the promise answers what the person chose.

import { h } from './dom.js';

/**
 * Asks to confirm an action, optionally with a required reason. Uses `#confirm-dialog` (built once).
 * Resolves to `{reason}` when confirmed, `null` when cancelled.
 */
export function confirmAction({ title = 'Please confirm', message, confirmLabel = 'Confirm', askReason = false, reasonLabel = 'Reason (required, shown in the audit log)', danger = false }) {
  let dlg = document.getElementById('confirm-dialog');
  if (!dlg) {
    dlg = h('dialog', { id: 'confirm-dialog', 'aria-labelledby': 'confirm-title' },
      h('form', { method: 'dialog' },
        h('h2', { id: 'confirm-title' }),
        h('p', { id: 'confirm-message' }),
        h('div', { class: 'field', id: 'confirm-reason-field' },
          h('label', { for: 'confirm-reason' }, ''),
          h('textarea', { id: 'confirm-reason', maxlength: '500', rows: '3' }),
          h('div', { class: 'err', id: 'confirm-reason-err', 'aria-live': 'polite' })),
        h('div', { class: 'buttons' },
          h('button', { type: 'button', id: 'confirm-no', value: 'cancel' }, 'Cancel'),
          h('button', { type: 'submit', id: 'confirm-yes', class: 'primary', value: 'yes' }, 'Confirm'))));
    document.body.append(dlg);
    dlg.querySelector('#confirm-no').addEventListener('click', () => dlg.close('cancel'));
  }
  const title$ = dlg.querySelector('#confirm-title');
  const msg = dlg.querySelector('#confirm-message');
  const field = dlg.querySelector('#confirm-reason-field');
  const reason = dlg.querySelector('#confirm-reason');
  const err = dlg.querySelector('#confirm-reason-err');
  const yes = dlg.querySelector('#confirm-yes');
  title$.textContent = title;
  msg.textContent = message;
  field.hidden = !askReason;
  field.querySelector('label').textContent = reasonLabel;
  reason.value = '';
  reason.required = askReason;
  reason.removeAttribute('aria-invalid');
  err.textContent = '';
  yes.textContent = confirmLabel;
  yes.className = danger ? 'danger' : 'primary';
  return new Promise((resolve) => {
    const form = dlg.querySelector('form');
    const onSubmit = (e) => {
      if (askReason && !reason.value.trim()) {
        e.preventDefault();
        reason.setAttribute('aria-invalid', 'true');
        err.textContent = 'A reason is required.';
        reason.focus();
      }
    };
    const onClose = () => {
      form.removeEventListener('submit', onSubmit);
      dlg.removeEventListener('close', onClose);
      resolve(dlg.returnValue === 'yes' ? { reason: reason.value.trim() } : null);
    };
    form.addEventListener('submit', onSubmit);
    dlg.addEventListener('close', onClose);
    dlg.returnValue = '';
    dlg.showModal();
    (askReason ? reason : yes).focus();
  });
}

/** Opens an existing <dialog> with focus on `focusEl`; returns a promise of its returnValue. */
export function openDialog(dlg, focusEl) {
  return new Promise((resolve) => {
    const onClose = () => {
      dlg.removeEventListener('close', onClose);
      resolve(dlg.returnValue);
    };
    dlg.addEventListener('close', onClose);
    dlg.returnValue = '';
    dlg.showModal();
    if (focusEl) focusEl.focus();
  });
}

// "Go back" on the form error page (src/http/page.ts): through history, so the browser keeps what was typed.
for (const link of document.querySelectorAll('a[data-back]')) {
  link.addEventListener('click', (event) => {
    if (history.length < 2) return;
    event.preventDefault();
    history.back();
  });
}

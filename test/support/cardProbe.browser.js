/* global window, document, getComputedStyle, AdaptiveCards */
// Runs in the browser page, next to the adaptivecards bundle: renders one card into #host and reports
// what does not fit a phone. Plain JavaScript because the project's TypeScript has no DOM library.
window.roteraCardProbe = function roteraCardProbe(json) {
  const host = document.getElementById('host');
  host.replaceChildren();
  const card = new AdaptiveCards.AdaptiveCard();
  const context = new AdaptiveCards.SerializationContext();
  card.parse(json, context);
  const parseErrors = [];
  for (let i = 0; i < context.eventCount; i += 1) parseErrors.push(context.getEventAt(i).message);
  const root = card.render();
  if (!root) throw new Error('the renderer returned nothing');
  host.appendChild(root);

  const box = root.getBoundingClientRect();
  const describe = (el) => `${el.tagName.toLowerCase()}.${el.className}: ${(el.textContent || '').slice(0, 60)}`;
  // Clipped: drawn past the card's edge (the renderer wraps action rows in overflow:hidden, so they never scroll).
  const outside = [];
  // Cut short: a text box narrower than its text, shown with an ellipsis or simply hidden.
  const truncated = [];
  for (const el of Array.from(root.querySelectorAll('*'))) {
    const rect = el.getBoundingClientRect();
    if (rect.width > 0 && (rect.right > box.right + 0.5 || rect.left < box.left - 0.5)) outside.push(describe(el));
    const style = getComputedStyle(el);
    if (el.clientWidth > 0 && el.scrollWidth > el.clientWidth && (style.textOverflow === 'ellipsis' || style.overflowX === 'hidden')) {
      truncated.push(describe(el));
    }
  }
  const inputs = Array.from(root.querySelectorAll('input, select, textarea')).map((input) => {
    const byAria = (input.getAttribute('aria-labelledby') || '')
      .split(/\s+/)
      .filter(Boolean)
      .map((id) => (document.getElementById(id) || {}).textContent || '')
      .join(' ');
    const byFor = input.id
      ? Array.from(document.querySelectorAll(`label[for="${input.id}"]`)).map((l) => l.textContent || '').join(' ')
      : '';
    // The renderer gives the card's input id to the input's wrapper, and a generated id to the <input> itself.
    const wrapper = input.parentElement && input.parentElement.closest('[id]');
    return { id: wrapper ? wrapper.id : '', type: input.type, label: `${byAria} ${byFor}`.trim() };
  });
  return {
    parseErrors,
    overflow: {
      card: [root.scrollWidth, root.clientWidth],
      body: [document.body.scrollWidth, document.body.clientWidth],
      document: [document.documentElement.scrollWidth, document.documentElement.clientWidth],
    },
    outside,
    truncated,
    inputs,
  };
};

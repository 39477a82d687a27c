// Starts the WebAssembly client, and says so in Chinese when it cannot.
// Each role gets its own bundle, so phones (students) download the least.
const say = (text) => {
  const el = document.getElementById('boot-msg');
  if (el) {
    el.textContent = text;
    el.parentElement.classList.add('boot-failed');
  }
};
// Filled in by scripts/build-client.sh: one bundle per role, named after it:
// its folder under /assets, with the main module (app.js + app_bg.wasm:
// shell, login, home), the chunk loader and the page chunks, which the app
// fetches on first use and, once started, while idle.
const bundles = {
  __BUNDLES__
};
// Who is signed in decides the bundle; anyone else starts with the student one.
const pick = () =>
  fetch('/api/v1/me', { credentials: 'same-origin' })
    .then((r) => (r.ok ? r.json() : null))
    .then((b) => (b && b.user && bundles[b.user.role] ? b.user.role : 'student'))
    .catch(() => 'student');
// The campus portal's sign-in buttons (统一身份认证) on the login page: a
// custom element the app places in its form, drawn here from the providers
// asked for beside /me, so that no role's first load carries their code. It
// leads the form; with `?next=` the portal brings the browser back there.
const portals = fetch('/api/v1/auth/providers', { credentials: 'same-origin' })
  .then((r) => (r.ok ? r.json() : null))
  .then((b) => (b && Array.isArray(b.providers) ? b.providers : []))
  .catch(() => []);
customElements.define('liaison-portals', class extends HTMLElement {
  connectedCallback() {
    portals.then((list) => {
      if (!list.length || this.childElementCount) return;
      const next = new URLSearchParams(location.search).get('next') || '/';
      for (const p of list) {
        const a = document.createElement('a');
        a.className = 'btn btn-primary btn-portal';
        // Left to the browser: the app's router would take a local link.
        a.rel = 'external';
        a.href = `${p.href}?next=${encodeURIComponent(next)}`;
        a.textContent = `${p.name}登录`;
        this.append(a);
      }
      const or = document.createElement('p');
      or.className = 'login-or';
      or.setAttribute('role', 'separator');
      or.textContent = '或使用密码登录';
      this.append(or);
      this.closest('form')?.classList.add('has-portal');
    });
  }
});
// Keep the app shell on the device for working offline (see sw.js). Only
// once the app runs: its first install downloads the student's whole bundle,
// which must not compete with the first load on a slow connection.
const keepOffline = () => {
  if ('serviceWorker' in navigator) {
    navigator.serviceWorker.register('/sw.js').catch((e) => console.warn('service worker', e));
  }
};
if (typeof WebAssembly !== 'object' || typeof WebAssembly.instantiate !== 'function') {
  say('当前浏览器不支持 WebAssembly，无法打开本系统。请点右上角“…”选择“在浏览器打开”，或使用新版 Chrome、Safari、Edge。');
} else {
  const slow = setTimeout(() => {
    const el = document.getElementById('boot-msg');
    if (el) el.textContent = '网络较慢，仍在加载，请稍候…';
  }, 6000);
  pick()
    .then((name) => {
      const dir = bundles[name];
      return import(`./${dir}/app.js`)
        .then((m) => m.default({ module_or_path: `/assets/${dir}/app_bg.wasm` }))
        .then(keepOffline);
    })
    .then(() => clearTimeout(slow))
    .catch((e) => {
      clearTimeout(slow);
      console.error(e);
      say('加载失败，请检查网络后刷新页面。如仍无法打开，请换用系统浏览器访问。');
    });
}

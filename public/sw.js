// The app shell for working without a connection (SPEC §9): the page and
// the student's bundle are kept on the device, so a student on a train can
// reload and find their draft (kept in localStorage by the app). API calls
// are never cached: the server is where records are kept.
// Filled in by scripts/build-client.sh.
const CACHE = 'liaison-__VERSION__';
const PRECACHE = __PRECACHE__;

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((c) => c.addAll(PRECACHE)).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((k) => k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('fetch', (event) => {
  const req = event.request;
  const url = new URL(req.url);
  if (req.method !== 'GET' || url.origin !== self.location.origin || url.pathname.startsWith('/api/')) {
    return;
  }
  if (url.pathname.startsWith('/assets/')) {
    // Content-hashed, never changing: the device's copy first.
    event.respondWith(
      caches.open(CACHE).then((c) =>
        c.match(req).then((hit) => hit || fetch(req).then((res) => {
          if (res.ok) c.put(req, res.clone());
          return res;
        }))),
    );
    return;
  }
  // Pages: the network first (new versions), the kept shell without one.
  event.respondWith(
    fetch(req).then((res) => {
      if (res.ok && req.mode === 'navigate') {
        const copy = res.clone();
        caches.open(CACHE).then((c) => c.put('/', copy));
      }
      return res;
    }).catch(() => caches.match(req.mode === 'navigate' ? '/' : req).then((hit) => hit || Response.error())),
  );
});

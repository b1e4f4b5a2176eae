// The image's HEALTHCHECK (Dockerfile): GET /healthz of the gatewatch in this container. Healthy is what /healthz calls
// up (200); degraded or down (503), or nothing answering, is unhealthy, and the one line printed here is what
// `docker inspect` shows of it. The address is the one the image's config listens on (http.listen: 127.0.0.1:9477,
// deploy/gatewatch/config.yaml): inside the container's own network, loopback needs no token. A config that listens
// elsewhere names it in GATEWATCH_HEALTHZ (e.g. http://127.0.0.1:9100/healthz).
const url = process.env.GATEWATCH_HEALTHZ || 'http://127.0.0.1:9477/healthz';
try {
  const res = await fetch(url, { signal: AbortSignal.timeout(8_000) });
  const body = await res.json().catch(() => ({}));
  const reasons = Array.isArray(body.reasons) && body.reasons.length ? ` (${body.reasons.join(', ')})` : '';
  console.log(`${url}: ${res.status} ${body.status ?? ''}${reasons}`);
  process.exit(res.status === 200 ? 0 : 1);
} catch (err) {
  const why = err?.cause?.code ?? err?.name ?? String(err);
  console.log(
    `${url}: no answer (${why}): does ${process.env.GATEWATCH_CONFIG || 'the config'} set http.listen to that address?`,
  );
  process.exit(1);
}

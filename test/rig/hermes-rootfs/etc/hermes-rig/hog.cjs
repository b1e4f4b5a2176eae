// Required by a gateway the rig makes grow (.rig-demo-hog, see slot/run): a leak of 8 MB every 50 ms, two seconds after
// its start (once it has claimed its life), until the container's memory limit has the OOM killer end it.
const held = [];
setTimeout(() => setInterval(() => held.push(Buffer.alloc(8 << 20, 1)), 50), 2000).unref();

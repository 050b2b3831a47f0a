/**
 * The bench server in a process of its own (so that it does not share the
 * measured clients' event loop): tells its parent the URL over IPC, and stops
 * when the parent disconnects or says "stop".
 */
import { startBenchServer } from "./bench-server.js";

startBenchServer().then(
  (server) => {
    const stop = () => void server.close().then(() => process.exit(0));
    process.on("disconnect", stop);
    process.on("message", (message) => {
      if (message === "stop") stop();
    });
    process.send?.({ url: server.url });
  },
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);

// Bree runs each job in a worker thread. Our jobs need the app's own database connection (the embedded
// PGlite is a single in-process connection), so the worker only tells the main thread that the job is due.
import { parentPort, workerData } from "node:worker_threads";

parentPort?.postMessage({ type: "tick", name: workerData?.job?.name });

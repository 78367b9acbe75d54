import tailwindcss from "@tailwindcss/vite";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// The API serves the built app from miniapp/dist at the site root; in `vite dev` /api goes to the local server.
export default defineConfig({
  root: import.meta.dirname,
  base: "/",
  plugins: [react(), tailwindcss()],
  // recharts is one large lazy chunk by design (loaded after the first screen), hence the higher warning limit.
  build: { outDir: "dist", emptyOutDir: true, target: "es2022", sourcemap: false, chunkSizeWarningLimit: 700, manifest: true },
  server: { proxy: { "/api": "http://localhost:3000" } },
});

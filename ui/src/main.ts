// Entry point: mounts the app shell with the global styles.
import { mount } from "svelte";
import "./shared/app.css";
import App from "./App.svelte";
import { reportStartup } from "./app/perf";
import { trimAppFontStack } from "./shared/fonts";

const target = document.getElementById("app");
if (!target) throw new Error("Meridian: #app element is missing from index.html");

reportStartup();
// Before the first render, so no layout looks up the families this machine lacks.
trimAppFontStack();
export default mount(App, { target });

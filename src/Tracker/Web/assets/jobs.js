// "My tracked jobs": /api/jobs/tracking polled every few seconds, drawn again only when the answer changed.
import { strings } from "./strings.js";
import * as api from "./api.js";

const PollMilliseconds = 1500;
let timer = null;
let lastBody = null;
let jobs = [];

const cell = (text) => {
  const td = document.createElement("td");
  td.textContent = text;
  return td;
};

function copiesOf(job) {
  const copies = Object.values(job.applications ?? {});
  if ((job["application-ids"] ?? []).length === 0 && copies.length === 0) return strings.noApplications;
  const ids = job["application-ids"] ?? Object.keys(job.applications ?? {});
  return ids.map((id) => `${id}: ${strings.copyState[job.applications?.[id]?.status ?? "UNKNOWN"] ?? job.applications[id].status}`).join(", ");
}

function render() {
  const status = document.getElementById("filter-status").value;
  const text = document.getElementById("filter-text").value.trim().toLowerCase();
  const shown = jobs
    .filter((j) => !status || j.status === status)
    .filter((j) => !text || `${j.id} ${j.name ?? ""}`.toLowerCase().includes(text))
    .sort((a, b) => (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
  const rows = shown.map((job) => {
    const tr = document.createElement("tr");
    tr.dataset.job = job.id;
    tr.append(cell(job.id), cell(job.name ?? ""), cell(job.status), cell(copiesOf(job)), cell(job["last-checked"] ?? ""));
    return tr;
  });
  document.querySelector("#jobs tbody").replaceChildren(...rows);
  document.getElementById("jobs-empty").hidden = shown.length > 0;
  renderStatusFilter();
}

function renderStatusFilter() {
  const select = document.getElementById("filter-status");
  const statuses = ["", ...new Set(jobs.map((j) => j.status))];
  if (select.options.length === statuses.length && [...select.options].every((o, i) => o.value === statuses[i])) return;
  const chosen = select.value;
  select.replaceChildren(...statuses.map((s) => new Option(s || strings.allStatuses, s)));
  select.value = statuses.includes(chosen) ? chosen : "";
}

async function refresh() {
  const answer = await api.tracking();
  const error = document.getElementById("jobs-error");
  if (!answer.ok) {
    error.textContent = strings.loadFailed(answer.message);
    return;
  }
  error.textContent = "";
  const body = JSON.stringify(answer.data);
  if (body === lastBody) return;
  lastBody = body;
  jobs = answer.data;
  render();
}

export function start() {
  stop();
  lastBody = null;
  const tick = async () => {
    await refresh();
    timer = setTimeout(tick, PollMilliseconds);
  };
  tick();
}

export function stop() {
  clearTimeout(timer);
  timer = null;
  jobs = [];
  document.querySelector("#jobs tbody").replaceChildren();
}

export function wire() {
  document.getElementById("filter-status").addEventListener("change", render);
  document.getElementById("filter-text").addEventListener("input", render);
  document.getElementById("track").addEventListener("submit", async (event) => {
    event.preventDefault();
    const ids = document.getElementById("track-ids").value.split(/\s+/).filter(Boolean);
    const answer = await api.track(ids);
    const items = answer.ok
      ? answer.data.map((j) => strings.tracked(j.id, j.status))
      : [strings.trackFailed(answer.message)];
    document.getElementById("track-results").replaceChildren(...items.map((t) => {
      const li = document.createElement("li");
      li.textContent = t;
      if (!answer.ok) li.className = "error";
      return li;
    }));
    if (answer.ok) await refresh();
  });
}

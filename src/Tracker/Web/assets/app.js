// The page's entry: shows the sign-in form or the signed-in view, depending on the session.
import { strings, applyStrings } from "./strings.js";
import * as api from "./api.js";
import * as jobs from "./jobs.js";

async function show() {
  const user = await api.session();
  document.getElementById("sign-in-section").hidden = user !== null;
  document.getElementById("jobs-section").hidden = user === null;
  document.getElementById("who").hidden = user === null;
  document.getElementById("who-name").textContent = user ? strings.signedInAs(user) : "";
  if (user) jobs.start();
  else jobs.stop();
}

applyStrings(document);
jobs.wire();

document.getElementById("sign-in").addEventListener("submit", async (event) => {
  event.preventDefault();
  const form = event.target;
  const error = document.getElementById("sign-in-error");
  const answer = await api.signIn(form.user.value, form.password.value);
  error.textContent = answer.ok ? "" : answer.status === 401 ? strings.signInRefused : answer.message;
  form.password.value = "";
  if (answer.ok) await show();
});

document.getElementById("sign-out").addEventListener("click", async () => {
  await api.signOut();
  await show();
});

show();

// Every string the page shows, in one place (a translation replaces this module).
export const strings = {
  title: "Tracker",
  signInHeading: "Sign in with your Knox account",
  user: "User name",
  password: "Password",
  signIn: "Sign in",
  signOut: "Sign out",
  signedInAs: (user) => `Signed in as ${user}`,
  signInRefused: "Knox refused this user name and password.",
  trackHeading: "Track jobs",
  trackIds: "Oozie job ids, one a line",
  track: "Track",
  tracked: (id, status) => `${id}: tracking (${status})`,
  trackFailed: (message) => `Not tracked: ${message}`,
  jobsHeading: "My tracked jobs",
  filterStatus: "Status",
  filterText: "Search",
  allStatuses: "All",
  colId: "Job",
  colName: "Name",
  colStatus: "Status",
  colCopies: "Logs",
  colChecked: "Last checked",
  noJobs: "No tracked jobs.",
  noApplications: "no applications yet",
  copyState: { SUCCEEDED: "logs saved", FAILED: "copy failed", RUNNING: "copying", PENDING: "waiting", UNKNOWN: "not copied yet" },
  loadFailed: (message) => `Cannot load the jobs: ${message}`,
  networkError: "Tracker cannot be reached.",
};

/** Fills every element's text from its data-text key. */
export function applyStrings(root) {
  for (const element of root.querySelectorAll("[data-text]")) {
    element.textContent = strings[element.dataset.text];
  }
}

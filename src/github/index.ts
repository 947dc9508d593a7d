/** The GitHub plumbing the Action and the App share. */
export { createActionOctokit, type ActionOctokitOptions } from './action-octokit.js';
export { BlobReader, type BlobReaderOptions } from './blobs.js';
export { GitHubApiError, type GitHubClient, type GitHubResponse, type Log, type Repository, call, graphql, paginate, rest } from './client.js';
export { type TreeFile, type TreeNote, type TreeScope, directoriesOf, readTree } from './git-tree.js';
export { type ChangedFile, LIST_FILES_LIMIT, type PullRequestState, getPullRequest, listPullRequestFiles } from './pull-request.js';
export { readFileAt } from './read-file.js';
export {
  type Annotation,
  COMMENT_MARKER,
  COMMENT_MODES,
  type CommentMode,
  FAIL_ON,
  type FailOn,
  MAX_MANIFEST_BYTES,
  type PathRole,
  type ReviewContextInput,
  type ReviewOutcome,
  type RiskLevel,
  type Settings,
  type SettingsOverrides,
  type TreeInput,
  loadSettings,
  reviewTrees,
  selectPaths,
} from './review-pull-request.js';
export { type CommentOutcome, type PullRequestTarget, type ReviewRun, type ReviewRunOptions, runPullRequestReview } from './run-pull-request-review.js';
export { type StickyComment, findStickyComments, learnOwnLogin, minimizeOutdated, stampHead, upsertStickyComment } from './sticky-comment.js';

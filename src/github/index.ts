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
export { type CommentOutcome, type PullRequestTarget, type ReviewRun, type ReviewRunOptions, commentNoteOf, runPullRequestReview } from './run-pull-request-review.js';
export { type StickyComment, findStickyComments, learnOwnLogin, minimizeOutdated, stampHead, upsertStickyComment } from './sticky-comment.js';
export { type CommentEvent, type CommandOutcome, type SlashCommandOptions, answerSlashCommand, commentEventOf } from './answer-slash-command.js';
export { type CheckAnnotation, type CheckConclusion, type CheckResult, ANNOTATIONS_PER_REQUEST, CHECK_NAME, MAX_CHECK_OUTPUT_CHARACTERS, checkResultOf, completeCheckRun, startCheckRun } from './check-run.js';
export { PERMISSION_LADDER, type Permission, REQUIRED_PERMISSION, permissionOf, permits } from './permission.js';
export { type Reaction, reactToComment, replyToIssue } from './reactions.js';
export { type ListedTrees, listPullRequestTrees, readPullRequestTrees } from './read-pull-request-trees.js';
export { type CheckedReview, type CheckedReviewOptions, reviewWithCheckRun } from './review-with-check-run.js';
export { type QueryCommand, type SlashCommand, parseSlashCommand } from './slash-command.js';

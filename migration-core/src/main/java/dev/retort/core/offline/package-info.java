/**
 * What Retort can tell without a database: whether the migrations capture the model and are safe
 * to run ({@link dev.retort.core.offline.OfflineCheck}, for CI), and the SQL a range of revisions
 * runs on a chosen dialect ({@link dev.retort.core.offline.SqlScript}, for DBAs).
 */
package dev.retort.core.offline;

/**
 * The schema snapshot: tables, columns and indexes as plain records, independent of javac and of
 * any database, with a deterministic JSON codec.
 */
package dev.retort.core.model;

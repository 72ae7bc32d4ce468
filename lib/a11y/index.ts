export { createAnnouncer, SettledLabel, type Announcement, type Announcer } from './announcements';

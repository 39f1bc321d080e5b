package dev.peregrine.syscalls.state;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Users and groups by id ({@code sinsp_usergroup_manager}, libs {@code userspace/libsinsp/user.cpp}): from a
 * capture's user list block or from {@code etc/passwd} and {@code etc/group} under a host root
 * ({@code HOST_ROOT}). libsinsp names uid 0 {@code root} and gid 0 {@code root} even without an entry.
 */
public final class UserTable {
    /** One {@code passwd} entry. */
    public record User(long uid, long gid, String name, String homedir, String shell) {
    }

    /** One {@code group} entry. */
    public record Group(long gid, String name) {
    }

    private static final User ROOT = new User(0, 0, "root", "/root", "/bin/bash");
    private static final Group ROOT_GROUP = new Group(0, "root");

    // keyed by a primitive id: a lookup per event neither boxes nor allocates
    private final LongMap<User> users = new LongMap<>(64);
    private final LongMap<Group> groups = new LongMap<>(64);

    public void addUser(User u) {
        if (u.uid() != Long.MIN_VALUE && users.get(u.uid()) == null) {
            users.put(u.uid(), u);
        }
    }

    public void addGroup(Group g) {
        if (g.gid() != Long.MIN_VALUE && groups.get(g.gid()) == null) {
            groups.put(g.gid(), g);
        }
    }

    public User user(long uid) {
        User u = users.get(uid);
        if (u == null && uid == 0) {
            return ROOT;
        }
        return u;
    }

    public Group group(long gid) {
        Group g = groups.get(gid);
        if (g == null && gid == 0) {
            return ROOT_GROUP;
        }
        return g;
    }

    public int userCount() {
        return users.size();
    }

    public int groupCount() {
        return groups.size();
    }

    /** Reads {@code <hostRoot>/etc/passwd} and {@code <hostRoot>/etc/group}; missing files give no entries. */
    public static UserTable fromHostRoot(Path hostRoot) throws IOException {
        UserTable t = new UserTable();
        Path passwd = hostRoot.resolve("etc/passwd");
        if (Files.isReadable(passwd)) {
            for (String line : Files.readAllLines(passwd, StandardCharsets.UTF_8)) {
                String[] f = line.split(":", -1);
                if (f.length >= 7 && !line.startsWith("#")) {
                    try {
                        t.addUser(new User(Long.parseLong(f[2]), Long.parseLong(f[3]), f[0], f[5], f[6]));
                    } catch (NumberFormatException ignored) {
                        // a malformed line is skipped, as getpwent does
                    }
                }
            }
        }
        Path group = hostRoot.resolve("etc/group");
        if (Files.isReadable(group)) {
            List<String> lines = Files.readAllLines(group, StandardCharsets.UTF_8);
            for (String line : lines) {
                String[] f = line.split(":", -1);
                if (f.length >= 3 && !line.startsWith("#")) {
                    try {
                        t.addGroup(new Group(Long.parseLong(f[2]), f[0]));
                    } catch (NumberFormatException ignored) {
                        // skipped, as getgrent does
                    }
                }
            }
        }
        return t;
    }
}

import { describe, expect, it } from 'vitest';
import { parseTop } from '../../../../src/collect/runtime/processes.js';

const TITLES = ['PID', 'PPID', 'UID', 'COMMAND'];

describe('parseTop', () => {
  it('finds PID 1 by its host PID and keeps its process tree', () => {
    const view = parseTop(
      {
        Titles: TITLES,
        Processes: [
          ['19398', '19370', '10001', '/bin/busybox httpd -f -p 8080 -h /www'],
          ['19370', '19348', '10001', '/sbin/tini -- /bin/busybox httpd -f -p 8080 -h /www'],
          ['19412', '19398', '10001', '/bin/busybox httpd -f -p 8080 -h /www'],
        ],
      },
      19370,
    );
    expect(view).toEqual({
      processes: [
        { pid: 19370, uid: 10001, command: '/sbin/tini -- /bin/busybox httpd -f -p 8080 -h /www' },
        { pid: 19398, uid: 10001, command: '/bin/busybox httpd -f -p 8080 -h /www' },
        { pid: 19412, uid: 10001, command: '/bin/busybox httpd -f -p 8080 -h /www' },
      ],
      uids: [10001],
      pid1Command: '/sbin/tini -- /bin/busybox httpd -f -p 8080 -h /www',
    });
  });

  it('leaves out exec sessions such as a health probe running as root', () => {
    const view = parseTop(
      {
        Titles: TITLES,
        Processes: [
          ['500', '480', '1000', 'node server.js'],
          ['510', '481', '0', '/bin/sh -c curl -f http://localhost/health'],
          ['511', '510', '0', 'curl -f http://localhost/health'],
        ],
      },
      500,
    );
    expect(view.processes.map((p) => p.pid)).toEqual([500]);
    expect(view.uids).toEqual([1000]);
  });

  it('sorts distinct UIDs numerically', () => {
    const view = parseTop(
      {
        Titles: TITLES,
        Processes: [
          ['10', '1', '0', 'supervisord'],
          ['11', '10', '10001', 'worker'],
          ['12', '10', '33', 'www'],
          ['13', '10', '10001', 'worker'],
        ],
      },
      10,
    );
    expect(view.uids).toEqual([0, 33, 10001]);
  });

  it('keeps every process when PID 1 is not in the list or there is no PPID column', () => {
    expect(
      parseTop(
        {
          Titles: TITLES,
          Processes: [
            ['7', '1', '0', 'a'],
            ['8', '1', '0', 'b'],
          ],
        },
        99,
      ),
    ).toMatchObject({
      pid1Command: null,
      uids: [0],
    });
    const noPpid = parseTop(
      {
        Titles: ['PID', 'UID', 'CMD'],
        Processes: [
          ['7', '5', 'a'],
          ['8', '6', 'b'],
        ],
      },
      7,
    );
    expect(noPpid).toEqual({
      processes: [
        { pid: 7, uid: 5, command: 'a' },
        { pid: 8, uid: 6, command: 'b' },
      ],
      uids: [5, 6],
      pid1Command: 'a',
    });
  });

  it('redacts command lines and survives odd bodies', () => {
    const view = parseTop({ Titles: TITLES, Processes: [['3', '1', '0', 'app --token=SECRET']] }, 3, (c) =>
      c.replace('SECRET', 'SE…(6 chars)'),
    );
    expect(view.pid1Command).toBe('app --token=SE…(6 chars)');
    expect(parseTop({}, 1)).toEqual({ processes: [], uids: [], pid1Command: null });
    expect(parseTop({ Titles: ['UID', 'CMD'], Processes: [['0', 'x']] }, 1)).toEqual({
      processes: [],
      uids: [],
      pid1Command: null,
    });
    expect(parseTop({ Titles: TITLES, Processes: [['pid?', '1', '0', 'x']] }, 1).processes).toEqual([]);
  });
});

describe('parseTop of podman (users by name, PIDs of the container)', () => {
  const PODMAN_TITLES = ['PID', 'PPID', 'USER', 'HUSER', 'COMMAND'];

  it('takes a numeric user as the uid and root as 0', () => {
    const view = parseTop(
      {
        Titles: PODMAN_TITLES,
        Processes: [
          ['1', '0', 'root', 'root', '/bin/busybox httpd -f -p 8080 -h /'],
          ['7', '1', '10001', '10001', '/app/worker'],
        ],
      },
      1,
    );
    expect(view).toEqual({
      processes: [
        { pid: 1, uid: 0, command: '/bin/busybox httpd -f -p 8080 -h /' },
        { pid: 7, uid: 10001, command: '/app/worker' },
      ],
      uids: [0, 10001],
      pid1Command: '/bin/busybox httpd -f -p 8080 -h /',
    });
  });

  it("knows uid 0 by the host's name when the image calls it otherwise, and leaves other names unknown", () => {
    const view = parseTop(
      {
        Titles: PODMAN_TITLES,
        Processes: [
          ['1', '0', 'app', 'root', '/app/server'],
          ['8', '1', 'www-data', 'www-data', '/app/child'],
        ],
      },
      1,
    );
    expect(view.processes.map((process) => process.uid)).toEqual([0, -1]);
    expect(view.uids).toEqual([0]);
  });
});

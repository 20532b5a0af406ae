import type { AstroIntegration } from 'astro';
import { compiledFile, contentRoot, writeCompiledContent } from './compile.ts';

/**
 * Compiles content/ before Astro loads any page, and again in `astro dev` when content/ changes (the editor writes
 * there): a broken edit in dev is reported and the last good content stays; in a build it stops the build.
 */
export default function content(): AstroIntegration {
  return {
    name: 'vuelve:content',
    hooks: {
      'astro:config:setup': ({ logger }) => {
        if (writeCompiledContent()) logger.info(`compiled content/ into ${compiledFile}`);
      },
      'astro:server:setup': ({ server, logger }) => {
        const root = contentRoot();
        let timer: NodeJS.Timeout | undefined;
        const recompile = (path: string) => {
          if (!path.startsWith(root)) return;
          // An editor saves both languages one after the other: compile once they are both there.
          clearTimeout(timer);
          timer = setTimeout(() => {
            try {
              if (writeCompiledContent(root)) logger.info('content/ changed: recompiled');
            } catch (error) {
              logger.error(`content/ has a problem, the last good content stays in use: ${(error as Error).message}`);
            }
          }, 100);
        };
        server.watcher.add(root);
        for (const event of ['add', 'change', 'unlink'] as const) server.watcher.on(event, recompile);
      },
    },
  };
}

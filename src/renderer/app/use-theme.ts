// Applies the theme setting (light, dark or follow the system) to the document root.
import { useEffect } from 'react';
import { useDesk } from './store-context';

export function useTheme(): void {
  const theme = useDesk((s) => s.settings?.theme ?? 'system');
  useEffect(() => {
    const media = matchMedia('(prefers-color-scheme: dark)');
    const apply = () => {
      const dark = theme === 'dark' || (theme === 'system' && media.matches);
      document.documentElement.dataset.theme = dark ? 'dark' : 'light';
    };
    apply();
    media.addEventListener('change', apply);
    return () => media.removeEventListener('change', apply);
  }, [theme]);
}

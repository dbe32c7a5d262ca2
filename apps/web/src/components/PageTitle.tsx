import { Title, type TitleProps } from '@mantine/core';
import { useEffect } from 'react';

/** The page's heading, also the document title (screen readers announce it on navigation). */
export function PageTitle({ children, ...props }: TitleProps & { children: string }) {
  useEffect(() => {
    document.title = `${children} · Klaster`;
  }, [children]);
  return (
    <Title order={1} size="h2" mb="md" {...props}>
      {children}
    </Title>
  );
}

import { StudioLoader } from '@/components/studio-loader';

export default function Home() {
  return <StudioLoader />;
}

'use client';
import { useEffect, useRef } from 'react';
import { HAND_CONNECTIONS } from '@/lib/hand';
import type { LiveStore } from '@/lib/hooks';

/**
 * Draws the 21 landmarks, their connections and the crop box over the preview, straight onto a canvas
 * from the live store (no React render per frame). Sits inside the preview's mirrored box, so it is
 * mirrored exactly like the video. The same points are published as data attributes for tests.
 */
export function HandOverlay({ store }: { store: LiveStore }) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const draw = () => {
      const canvas = canvasRef.current;
      const ctx = canvas?.getContext('2d');
      if (!canvas || !ctx) return;
      const { hand, box, frameWidth, frameHeight, tracking } = store.get();
      if (canvas.width !== frameWidth || canvas.height !== frameHeight) {
        canvas.width = Math.max(1, frameWidth);
        canvas.height = Math.max(1, frameHeight);
      }
      ctx.clearRect(0, 0, canvas.width, canvas.height);
      canvas.dataset.state = !tracking ? 'off' : hand ? 'hand' : 'no-hand';
      canvas.dataset.landmarks = hand ? JSON.stringify(hand.landmarks.map((p) => [round(p.x), round(p.y)])) : '';
      canvas.dataset.handedness = hand?.handedness ?? '';
      if (!hand) return;
      const line = Math.max(2, frameWidth / 200);
      ctx.lineWidth = line;
      ctx.strokeStyle = 'rgba(129, 140, 248, 0.9)';
      for (const [from, to] of HAND_CONNECTIONS) {
        const a = hand.landmarks[from];
        const b = hand.landmarks[to];
        ctx.beginPath();
        ctx.moveTo(a.x * frameWidth, a.y * frameHeight);
        ctx.lineTo(b.x * frameWidth, b.y * frameHeight);
        ctx.stroke();
      }
      ctx.fillStyle = 'rgba(255, 255, 255, 0.95)';
      for (const p of hand.landmarks) {
        ctx.beginPath();
        ctx.arc(p.x * frameWidth, p.y * frameHeight, line * 1.5, 0, 2 * Math.PI);
        ctx.fill();
      }
      if (box) {
        ctx.strokeStyle = 'rgba(255, 255, 255, 0.8)';
        ctx.strokeRect(box.x, box.y, box.size, box.size);
      }
    };
    draw();
    return store.subscribe(draw);
  }, [store]);
  return <canvas ref={canvasRef} data-testid="hand-overlay" aria-hidden className="pointer-events-none absolute inset-0 h-full w-full object-cover" />;
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
